-- package.searchpath (empty templates must not match: open("") is ENOENT), require of a module
-- written at run time, dofile/loadfile, string.dump + load of binary chunks, io line reading.
print(package.searchpath("xuxu", "??;;"))
print(package.searchpath("xuxu", ";x?y"))
print(io.open(""))
local dir = os.getenv("TMPDIR") or "/tmp"
local dirPattern = dir:gsub("%p", "%%%0") -- TMPDIR as a literal pattern (it may hold '-')
local f = assert(io.open(dir .. "/mymod.lua", "w"))
f:write("local M = {}\nfunction M.greet(n) return 'hello ' .. n end\nM.loaded_at = ...\nreturn M\n")
f:close()
package.path = dir .. "/?.lua"
local m = require("mymod")
print(m.greet("lua"), m.loaded_at == "mymod", require("mymod") == m, package.loaded.mymod == m)
print(select(2, pcall(require, "no_such_module")):gsub(dirPattern, "TMP"))
local chunk = string.dump(function(a, b) return a * b + 1 end)
print(#chunk > 0, load(chunk, "dumped", "b")(6, 7))
print(load("return 2^10")(), pcall(load, "x = = 1"))
local g = assert(io.open(dir .. "/lines.txt", "w"))
for i = 1, 5 do g:write("line ", i, "\n") end
g:close()
local n, last = 0, nil
for l in io.lines(dir .. "/lines.txt") do n = n + 1; last = l end
print(n, last)
local h = io.open(dir .. "/lines.txt")
print(h:seek("end"), h:seek("set", 5), h:read("l"), h:read("n"), h:read(3))
h:close()
local nofile, why = loadfile(dir .. "/nonexistent.lua")
print(dofile(dir .. "/mymod.lua").greet("again"), nofile, (why:gsub(dirPattern, "TMP")))
print(os.remove(dir .. "/lines.txt"), select(2, os.remove(dir .. "/lines.txt")):gsub(dirPattern, "TMP"))
