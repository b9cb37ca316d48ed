-- closures, varargs, recursion, coroutines, pcall/error, goto
local function counter()
  local n = 0
  return function(step) n = n + (step or 1); return n end
end
local c1, c2 = counter(), counter()
c1(); c1(5); c2(10)
print(c1(), c2())
local adders = {}
for i = 1, 5 do adders[i] = function(x) return x + i end end
print(adders[1](10), adders[5](10))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(24))
local function sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s, select("#", ...) end
print(sum(1, 2, 3, 4.5))
-- coroutines
local gen = coroutine.wrap(function(a)
  for i = 1, 3 do a = coroutine.yield(a * i) end
  return "done"
end)
print(gen(2), gen(10), gen(100), gen(0))
local co = coroutine.create(function(x, y)
  local z = coroutine.yield(x + y)
  error({code = z})
end)
print(coroutine.resume(co, 1, 2))
local ok, e = coroutine.resume(co, 99)
print(ok, type(e), e.code, coroutine.status(co))
local function producer()
  return coroutine.wrap(function() for i = 1, 5 do coroutine.yield(i * i) end end)
end
local acc = {}
for v in producer() do acc[#acc + 1] = v end
print(table.concat(acc, "+"))
-- pcall / error / xpcall
print(pcall(error, "plain"))
print(pcall(error, "lvl", 0))
print(select(2, pcall(function() local t = nil; return t.x end)):match("attempt to index.*"))
print(xpcall(function() error("deep") end, function(m) return "handled: " .. m:gsub("^.-:%d+: ", "") end))
print(pcall(function() return 1 + {} end))
local ok2, msg = pcall(string.rep)
print(ok2, msg)
print(select("#", pcall(function() return 1, 2, 3 end)))
-- error with tables and rethrow
local ok3, obj = pcall(function() local ok, e = pcall(error, {msg = "inner"}); error(e) end)
print(ok3, obj.msg)
-- goto and integer loops
local i = 1
::top::
if i < 4 then io.write(i, " "); i = i + 1; goto top end
print()
for j = 10, 1, -4 do io.write(j, ";") end
for j = 1.0, 2.0, 0.25 do io.write(j, ";") end
print()
-- deep recursion hits the C stack limit cleanly
local function depth(n) return depth(n + 1) + 1 end
local okd, ed = pcall(depth, 1)
print(okd, (ed:gsub("^.-:%d+: ", "")))
