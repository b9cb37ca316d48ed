-- math: trig, exp/log, floor/ceil/fmod, integer/float conversions, a numeric workload
local f = string.format
print(f("%.15g %.15g %.15g", math.sin(1), math.cos(1), math.tan(1)))
for _, x in ipairs({0, 0.5, 1, 2, 3.14159, 10, 100, -7.25, 1e6}) do
  print(f("%.17g %.17g %.17g", math.sin(x), math.cos(x), math.atan(x)))
end
print(f("%.17g %.17g %.17g %.17g", math.exp(1), math.log(10), math.log(8, 2), math.log(1000, 10)))
print(f("%.17g %.17g %.17g", math.sqrt(2), 2 ^ 0.5, math.atan(1, -1)))
print(math.floor(-3.5), math.ceil(-3.5), math.floor(3.7), math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7.5, 2))
print(math.abs(-4), math.max(3, 9, 1), math.min(3.5, -2), math.huge, -math.huge, math.pi)
print(math.type(1), math.type(1.0), math.type("1"), math.ult(1, -1), 5 // 0.0, -5 // 0.0)
print(pcall(function() return 5 // 0 end))
print(3 == 3.0, math.tointeger(2^31), 2^31 | 0, f("%.0f", 2^62))
-- numeric integration of sin over [0, pi] (Simpson), and a Mandelbrot row count
local function simpson(fn, a, b, n)
  local h = (b - a) / n
  local s = fn(a) + fn(b)
  for i = 1, n - 1 do s = s + fn(a + i * h) * (i % 2 == 1 and 4 or 2) end
  return s * h / 3
end
print(f("%.12f", simpson(math.sin, 0, math.pi, 1000)))
local inside = 0
for y = -1.0, 1.0, 0.1 do
  for x = -2.0, 0.5, 0.05 do
    local zr, zi, k = 0.0, 0.0, 0
    while k < 100 and zr * zr + zi * zi < 4 do zr, zi = zr * zr - zi * zi + x, 2 * zr * zi + y; k = k + 1 end
    if k == 100 then inside = inside + 1 end
  end
end
print("mandel", inside)
-- deterministic pseudo-random numbers (seeded), and integer overflow wrap
math.randomseed(42)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 1000) end
print(table.concat(r, " "), math.random() < 1)
print(math.maxinteger + 1 == math.mininteger, math.maxinteger * 2, 0x7fffffff * 0x7fffffff)
-- exit status from the script
os.exit(7)
