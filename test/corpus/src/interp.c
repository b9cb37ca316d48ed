/* A tiny expression/statement interpreter: tokenizer, recursive-descent parser to a tree,
   tree-walking evaluator with variables, while loops and print. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static const char *src; static char tok[32]; static long num; static int kind; /* 0 end 1 num 2 ident 3 punct */
static void next(void) {
  while (isspace((unsigned char)*src)) src++;
  if (!*src) { kind = 0; return; }
  if (isdigit((unsigned char)*src)) { num = strtol(src, (char **)&src, 10); kind = 1; return; }
  if (isalpha((unsigned char)*src)) { int n = 0; while (isalnum((unsigned char)*src)) tok[n++] = *src++; tok[n] = 0; kind = 2; return; }
  tok[0] = *src++; tok[1] = 0;
  if ((tok[0] == '<' || tok[0] == '=' || tok[0] == '!') && *src == '=') { tok[1] = *src++; tok[2] = 0; }
  kind = 3;
}
typedef struct Node { int op; long val; struct Node *a, *b, *c; } Node;
static Node *mk(int op, Node *a, Node *b) { Node *n = calloc(1, sizeof *n); n->op = op; n->a = a; n->b = b; return n; }
static long vars[26];
static Node *expr(void);
static Node *primary(void) {
  Node *n;
  if (kind == 1) { n = mk('n', 0, 0); n->val = num; next(); return n; }
  if (kind == 2) { n = mk('v', 0, 0); n->val = tok[0] - 'a'; next(); return n; }
  next(); n = expr(); next(); return n; /* ( expr ) */
}
static Node *term(void) { Node *n = primary(); while (kind == 3 && strchr("*/%", tok[0])) { int op = tok[0]; next(); n = mk(op, n, primary()); } return n; }
static Node *sum(void) { Node *n = term(); while (kind == 3 && strchr("+-", tok[0])) { int op = tok[0]; next(); n = mk(op, n, term()); } return n; }
static Node *expr(void) {
  Node *n = sum();
  if (kind == 3 && !strcmp(tok, "<")) { next(); return mk('<', n, sum()); }
  if (kind == 3 && !strcmp(tok, "<=")) { next(); return mk('l', n, sum()); }
  if (kind == 3 && !strcmp(tok, "!=")) { next(); return mk('!', n, sum()); }
  return n;
}
static Node *stmt(void);
static Node *block(void) { Node *head = mk(';', 0, 0), *cur = head; next(); while (!(kind == 3 && tok[0] == '}')) { cur->b = mk(';', stmt(), 0); cur = cur->b; } next(); return head; }
static Node *stmt(void) {
  if (kind == 2 && !strcmp(tok, "while")) { next(); Node *c = expr(); return mk('w', c, block()); }
  if (kind == 2 && !strcmp(tok, "print")) { next(); Node *e = expr(); next(); return mk('p', e, 0); }
  Node *v = mk('v', 0, 0); v->val = tok[0] - 'a'; next(); next(); Node *e = expr(); next(); return mk('=', v, e);
}
static long eval(Node *n) {
  switch (n->op) {
  case 'n': return n->val; case 'v': return vars[n->val];
  case '+': return eval(n->a) + eval(n->b); case '-': return eval(n->a) - eval(n->b);
  case '*': return eval(n->a) * eval(n->b); case '/': return eval(n->a) / eval(n->b); case '%': return eval(n->a) % eval(n->b);
  case '<': return eval(n->a) < eval(n->b); case 'l': return eval(n->a) <= eval(n->b); case '!': return eval(n->a) != eval(n->b);
  case '=': return vars[n->a->val] = eval(n->b);
  case 'p': printf("%ld\n", eval(n->a)); return 0;
  case 'w': while (eval(n->a)) eval(n->b); return 0;
  case ';': for (Node *s = n->b; s; s = s->b) eval(s->a); return 0;
  }
  return 0;
}
int main(void) {
  src = "{ n = 0; s = 0; while n < 1000 { s = s + n * n % 7; n = n + 1; } print s;"
        "  a = 0; b = 1; i = 0; while i < 40 { t = a + b; a = b; b = t; i = i + 1; } print a;"
        "  p = 2; c = 0; while p <= 3000 { d = 2; q = 1; while d * d <= p { if = p % d; while if != 1 { if = 1; } "
        "  r = p % d; while r != 0 { r = 0; d = d + 0; } d = d + 1; } c = c + 1; p = p + 1; } print c; }";
  next();
  Node *prog = block();
  eval(prog);
  printf("vars a=%ld b=%ld s=%ld\n", vars[0], vars[1], vars['s' - 'a']);
  return 0;
}
