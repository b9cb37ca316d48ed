// std::thread, std::mutex, std::condition_variable and std::async from libstdc++.
#include <condition_variable>
#include <future>
#include <iostream>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>
int main() {
  std::mutex m;
  long total = 0;
  std::vector<std::thread> workers;
  for (int t = 1; t <= 4; t++)
    workers.emplace_back([&, t] {
      for (int i = 0; i < 1000; i++) {
        std::lock_guard<std::mutex> g(m);
        total += t;
      }
    });
  for (auto &w : workers) w.join();
  std::cout << "total " << total << std::endl;
  std::condition_variable cv;
  bool ready = false;
  std::thread waiter([&] {
    std::unique_lock<std::mutex> l(m);
    cv.wait(l, [&] { return ready; });
    std::cout << "woken" << std::endl;
  });
  {
    std::lock_guard<std::mutex> g(m);
    ready = true;
  }
  cv.notify_one();
  waiter.join();
  auto f = std::async(std::launch::async, [] { std::vector<int> v(100); std::iota(v.begin(), v.end(), 1); return std::accumulate(v.begin(), v.end(), 0); });
  std::cout << "async " << f.get() << std::endl;
  try {
    std::thread([] {}).detach();
    throw std::runtime_error("from main");
  } catch (const std::exception &e) {
    std::cout << "caught " << e.what() << std::endl;
  }
  return 0;
}
