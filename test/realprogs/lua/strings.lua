-- strings: format (ints, floats, %g/%e/%a-free), patterns, gsub, byte/char, rep, reverse
print(string.format("%d %5d %-5d| %05d %x %X %o", 42, 42, 42, 42, 255, 255, 8))
print(string.format("%.3f %10.4f %e %.2e %g %g %g", math.pi, -math.pi, 12345.6789, 0.000123, 1e20, 0.1, 100000))
print(string.format("%g %g %.14g %.17g", 2^53, -0.0, 1/3, 0.1))
print(string.format("%q", "tab\there \"quoted\"\n\0end"))
print(string.format("%s %s %s", nil, true, 1.5), string.format("%10s|%-10s|", "r", "l"))
print(1e15, 1e16, 2^63, -2^63, math.maxinteger, math.mininteger, 3 / 2, 7 // 2, 7.0 // 2, -7 // 2, 7 % -3, -7.5 % 2)
print(0.1 + 0.2, 100 * 1.1, 1e300 * 1e10, -1e300 * 1e10, tostring(0/0):gsub("-", ""))
print(("hello world from lua"):gsub("(%w+)", "<%1>"))
print(("key = value; other=thing"):match("(%w+)%s*=%s*(%w+)"))
for k, v in string.gmatch("a=1, b=22, ccc=333", "(%a+)=(%d+)") do io.write(k, ":", v, " ") end
print()
print(("abc"):rep(3, "-"), ("stressed"):reverse(), ("MiXeD"):lower(), ("MiXeD"):upper())
print(("hello"):byte(1, -1))
print(string.char(76, 117, 97), #"\u{48}\u{49}", ("x"):rep(0) == "")
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|", ("a,b,,c"):find(",,", 1, true))
print(tostring(12):len(), tonumber("0x1F"), tonumber("  12.5e1 "), tonumber("z", 36), tonumber("10", 2), tonumber("1e"))
print(math.tointeger(3.0), 3 | 5, 6 & 3, 5 ~ 1, ~0, 1 << 62, 256 >> 4, "10" + 5, "3" * "4")
local parts = {}
for w in ("the quick brown fox"):gmatch("%S+") do parts[#parts + 1] = w:sub(1, 1):upper() .. w:sub(2) end
print(table.concat(parts, " "))
print(utf8 and utf8.char(72, 228, 8364, 128512) or "", utf8 and utf8.len("häll€") or "")
local buf = {}
for i = 1, 1000 do buf[#buf + 1] = string.format("%04d", i) end
local joined = table.concat(buf)
print(#joined, joined:sub(-8), select(2, joined:gsub("00", "")))
