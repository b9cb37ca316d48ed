// libstdc++: virtual calls, exceptions unwinding through frames and destructors, iostreams.
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
struct Shape { virtual ~Shape() = default; virtual double area() const = 0; virtual std::string name() const = 0; };
struct Sq : Shape { double s; explicit Sq(double s) : s(s) {} double area() const override { return s * s; } std::string name() const override { return "square"; } };
struct Ci : Shape { double r; explicit Ci(double r) : r(r) {} double area() const override { return 3.14159 * r * r; } std::string name() const override { return "circle"; } };
static int depth(int n) { if (n == 0) throw std::runtime_error("bottom reached"); return depth(n - 1) + 1; }
struct Guard { std::string n; ~Guard() { std::cout << "unwind " << n << "\n"; } };
int main() {
  std::vector<std::unique_ptr<Shape>> v;
  v.push_back(std::make_unique<Sq>(3)); v.push_back(std::make_unique<Ci>(2));
  for (auto &s : v) std::cout << s->name() << " " << s->area() << "\n";
  try { Guard g{"outer"}; depth(50); } catch (const std::exception &e) { std::cout << "caught: " << e.what() << "\n"; }
  try { std::vector<int> x(3); x.at(7) = 1; } catch (const std::out_of_range &e) { std::cout << "out_of_range\n"; }
  try { throw 42; } catch (int i) { std::cout << "int " << i << "\n"; }
  std::map<std::string, int> m; std::istringstream in("a b c a b a");
  for (std::string w; in >> w;) m[w]++;
  for (auto &[k, n] : m) std::cout << k << "=" << n << "\n";
  std::ostringstream os; os << std::hex << 255 << " " << std::scientific << 1234.5;
  std::cout << os.str() << std::endl;
  std::cerr << "to stderr\n";
  return 7;
}
