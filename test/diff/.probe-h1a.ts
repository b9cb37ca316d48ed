import { objdumpWords } from '/work/main/test/diff/objdump.js';

const op = Number(process.argv[2]);
const ws: number[] = [];
for (let sh = 0; sh < 32; sh++)
  for (let mb = 0; mb < 32; mb++)
    for (let me = 0; me < 32; me++)
      ws.push(((op << 26) | (4 << 21) | (3 << 16) | (sh << 11) | (mb << 6) | (me << 1)) >>> 0);
const out = objdumpWords(Uint32Array.from(ws));
const byName = new Map<string, string[]>();
ws.forEach((w, i) => {
  const n = out[i].split(/\s+/)[0];
  const a = byName.get(n) ?? [];
  a.push(`${(w >>> 11) & 31},${(w >>> 6) & 31},${(w >>> 1) & 31} => ${out[i]}`);
  byName.set(n, a);
});
for (const [n, a] of byName)
  console.log(n, a.length, '\n  ' + a.filter((_, i) => i % Math.ceil(a.length / 6) === 0).join('\n  '));
