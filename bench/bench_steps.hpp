// Timed steps for the bench drivers: best-of-N wall time and the process's peak RSS while a step ran,
// printed as a table and optionally appended to a TSV file for bench/plot_graph.sh.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <malloc.h>
#include <string>

namespace casegraph::bench {

// A /proc/self/status field in kB ("VmHWM:" = peak RSS, "VmRSS:" = current), -1 when unreadable.
inline long status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stol(line.substr(std::strlen(field)));
    return -1;
}

// Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so the next VmHWM is this step's peak.
// CPU time of this process (all threads): on a shared machine it shows what wall time hides.
inline double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

inline void reset_peak() {
    std::ofstream("/proc/self/clear_refs") << "5";
}

class Steps {
  public:
    explicit Steps(std::string tsv) : tsv_(std::move(tsv)) {
        std::printf("%-36s %11s %11s %9s  %s\n", "step", "wall", "cpu", "peak RSS", "result");
    }
    void set_events(std::size_t n) { events_ = n; }
    // --only TEXT: run only the steps whose name contains TEXT, plus the ones marked `always`
    // (loading the case and building the graph), e.g. to profile one analysis under perf.
    void only(std::string text) { only_ = std::move(text); }

    template <class F> double run(const char* name, F&& f, int repeat = 1, bool always = false) {
        skipped_ = !always && !only_.empty() && std::string(name).find(only_) == std::string::npos;
        if (skipped_)
            return 0;
        flush();
        malloc_trim(0); // hand back what earlier steps freed, so this step's peak is its own
        reset_peak();
        double best = 1e300, best_cpu = 1e300;
        for (int i = 0; i < repeat; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            const auto c0 = cpu_ms();
            f();
            const auto t1 = std::chrono::steady_clock::now();
            best_cpu = std::min(best_cpu, cpu_ms() - c0);
            best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
        name_ = name;
        ms_ = best;
        cpu_ = best_cpu;
        peak_ = status_kb("VmHWM:");
        pending_ = true;
        return best;
    }
    void note(std::string n) {
        if (pending_ && !skipped_)
            note_ = std::move(n);
    }
    void finish() {
        flush();
        std::printf("%-36s %23s %6ld MB\n", "peak RSS of the whole run", "", whole_peak_ / 1024);
    }

  private:
    void flush() {
        if (!pending_)
            return;
        std::printf("%-36s %8.2f ms %8.2f ms %6ld MB  %s\n", name_.c_str(), ms_, cpu_, peak_ / 1024,
                    note_.c_str());
        std::fflush(stdout);
        whole_peak_ = std::max(whole_peak_, peak_);
        if (!tsv_.empty())
            std::ofstream(tsv_, std::ios::app)
                << events_ << '\t' << name_ << '\t' << ms_ << '\t' << cpu_ << '\t' << peak_ << '\n';
        pending_ = false;
        note_.clear();
    }
    std::string tsv_, name_, note_, only_;
    std::size_t events_ = 0;
    double ms_ = 0, cpu_ = 0;
    long peak_ = 0, whole_peak_ = 0;
    bool pending_ = false, skipped_ = false;
};

} // namespace casegraph::bench
