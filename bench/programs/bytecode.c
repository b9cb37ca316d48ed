/* A small bytecode interpreter (switch dispatch, stack machine) running a nested counting loop. */
#include "rt.h"
enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, XOR, SHR, JNZ, JMP, DUP, DROP, HALT };
static const int32_t prog[] = {
  PUSH, 0, STORE, 0,            /* acc = 0 */
  PUSH, 5000000, STORE, 1,      /* i = 3000000 */
  /* 8: loop */
  LOAD, 0, PUSH, 31, MUL, LOAD, 1, XOR, LOAD, 1, PUSH, 3, SHR, ADD, PUSH, 0x7fffffff, AND, STORE, 0,
  LOAD, 1, PUSH, 1, SUB, DUP, STORE, 1, JNZ, 8,
  HALT,
};
int bench_main(void) {
  int32_t stack[64], vars[4] = {0}; int sp = 0, pc = 0;
  for (;;) {
    int32_t op = prog[pc++];
    switch (op) {
    case PUSH: stack[sp++] = prog[pc++]; break;
    case LOAD: stack[sp++] = vars[prog[pc++]]; break;
    case STORE: vars[prog[pc++]] = stack[--sp]; break;
    case ADD: sp--; stack[sp - 1] += stack[sp]; break;
    case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
    case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
    case AND: sp--; stack[sp - 1] &= stack[sp]; break;
    case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
    case SHR: sp--; stack[sp - 1] = (int32_t)((uint32_t)stack[sp - 1] >> stack[sp]); break;
    case JNZ: { int32_t t = prog[pc++]; if (stack[--sp]) pc = t; break; }
    case JMP: pc = prog[pc]; break;
    case DUP: stack[sp] = stack[sp - 1]; sp++; break;
    case DROP: sp--; break;
    case HALT: put("bytecode "); put_hex((uint32_t)vars[0]); put("\n"); return 0;
    }
  }
}
