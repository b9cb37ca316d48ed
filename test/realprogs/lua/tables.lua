-- tables: arrays, hashes, sort with comparator, table.concat/insert/remove/unpack, # and next
local t = {}
for i = 1, 20 do t[i] = (i * 7919) % 101 end
table.sort(t)
print(table.concat(t, ","))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " ", 1, 5))
table.insert(t, 1, -1); table.insert(t, 999)
print(#t, t[1], t[#t], table.remove(t), table.remove(t, 1), #t)
local h = {}
for i = 1, 200 do h["k" .. i] = i * i end
local sum, n = 0, 0
for k, v in pairs(h) do sum = sum + v; n = n + 1 end
print(n, sum, h.k17, h["k200"])
local keys = {}
for k in pairs({a=1, b=2, c=3, d=4}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys))
print(table.unpack({1, 2, 3}, 2))
print(select("#", nil, nil, 3), select(2, "a", "b", "c"))
local m = setmetatable({}, {__index = function(_, k) return k * 2 end, __len = function() return 42 end})
print(m[21], #m)
local v = setmetatable({x = 1, y = 2}, {__add = function(a, b) return a.x + b.x + a.y + b.y end,
  __tostring = function(s) return "vec(" .. s.x .. "," .. s.y .. ")" end, __eq = function() return true end})
print(v + v, tostring(v), v == setmetatable({}, getmetatable(v)))
local nested = {{1, {2, {3, {4}}}}}
print(nested[1][2][2][2][1])
local big = {}
for i = 1, 100000 do big[i] = i end
local s = 0
for i = #big, 1, -3 do s = s + big[i] end
print(s, #big)
