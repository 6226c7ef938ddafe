// Ensembles: replicate keys, statistics by hand, and independence from thread count.
#include "sim/drivers/ensemble.hpp"
#include "analysis/stats.hpp"
#include "sim/core/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace bpsim;

namespace {

Scenario noisy_flagship() {
  return load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml",
                       {{"parameters.sigma_a", "0.03"}, {"parameters.sigma_c", "0.01"}});
}

std::string file(const std::vector<ResultFile>& files, const std::string& name) {
  for (const ResultFile& f : files) {
    if (f.name == name) return f.bytes;
  }
  return "(missing " + name + ")";
}

}  // namespace

TEST_CASE("ensemble files are byte-identical on 1, 2 and 5 threads") {
  const Scenario sc = noisy_flagship();
  EnsembleOptions opt;
  opt.runs = 9;
  opt.seed = 11;
  opt.ticks = 12;
  opt.threads = 1;
  const std::vector<ResultFile> one = ensemble_files(sc, run_ensemble(sc, opt));
  for (int threads : {2, 5}) {
    CAPTURE(threads);
    opt.threads = threads;
    const std::vector<ResultFile> many = ensemble_files(sc, run_ensemble(sc, opt));
    REQUIRE(many.size() == one.size());
    for (std::size_t k = 0; k < one.size(); ++k) CHECK(many[k].bytes == one[k].bytes);
  }
}

TEST_CASE("replicate r of an ensemble is the run with key (seed, r)") {
  const Scenario sc = noisy_flagship();
  EnsembleOptions opt;
  opt.runs = 3;
  opt.seed = 5;
  opt.ticks = 8;
  const EnsembleResult r = run_ensemble(sc, opt);
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    RunOptions ro;
    ro.seed = 5;
    ro.run = rep;
    ro.ticks = 8;
    CHECK(r.world_hashes[rep] == world_hash(run_scenario(sc, ro, nullptr)));
  }
  CHECK(r.world_hashes[0] != r.world_hashes[1]);  // noise is on: replicates differ
}

TEST_CASE("ensemble statistics match the runs computed one by one") {
  const Scenario sc = noisy_flagship();
  EnsembleOptions opt;
  opt.runs = 7;
  opt.seed = 3;
  opt.ticks = 6;
  const EnsembleResult r = run_ensemble(sc, opt);
  // RUS's power at tick 6, by hand from seven separate runs.
  int rus = 0;
  while (sc.state_ids[static_cast<std::size_t>(rus)] != "RUS") ++rus;
  std::vector<double> power;
  for (std::uint64_t rep = 0; rep < 7; ++rep) {
    RunOptions ro;
    ro.seed = 3;
    ro.run = rep;
    ro.ticks = 6;
    double last = NAN;
    run_scenario(sc, ro, [&](const TickView& v) { last = v.d.power[rus]; });
    power.push_back(last);
  }
  double mean = 0;
  for (double p : power) mean += p / 7;
  double ss = 0;
  for (double p : power) ss += (p - mean) * (p - mean);
  std::vector<double> sorted = power;
  std::sort(sorted.begin(), sorted.end());
  const std::string csv = file(ensemble_files(sc, r), "ensemble_states.csv");
  // Rows: tick,state,stat,power,...; find "6,RUS,mean," and "6,RUS,sd,", "6,RUS,p50,".
  auto value_after = [&](const std::string& key) {
    const std::size_t at = csv.find("\n" + key);
    REQUIRE(at != std::string::npos);
    return std::stod(csv.substr(at + 1 + key.size()));
  };
  CHECK(value_after("6,RUS,mean,") == doctest::Approx(mean).epsilon(1e-12));
  CHECK(value_after("6,RUS,sd,") == doctest::Approx(std::sqrt(ss / 6)).epsilon(1e-9));
  CHECK(value_after("6,RUS,p50,") == sorted[3]);  // median of 7 = 4th smallest
  CHECK(value_after("6,RUS,p5,") == doctest::Approx(sorted[0] + 0.3 * (sorted[1] - sorted[0])));
  CHECK(csv.rfind("tick,state,stat,power,threat,", 0) == 0);
}

TEST_CASE("summarize: type-7 percentiles, sd with n-1, NaN left out") {
  const stats::Summary s = stats::summarize({4, 1, NAN, 3, 2});
  CHECK(s.n == 4);
  CHECK(s.mean == 2.5);
  CHECK(s.sd == doctest::Approx(std::sqrt(5.0 / 3.0)));
  CHECK(s.p50 == 2.5);
  CHECK(s.p25 == doctest::Approx(1.75));
  CHECK(s.p95 == doctest::Approx(3.85));
  CHECK(std::isnan(stats::summarize({NAN}).mean));
  const stats::Interval ci = stats::mean_ci95({1, 2, 3, 4});
  CHECK(ci.lo == doctest::Approx(2.5 - 3.182 * std::sqrt(5.0 / 3.0) / 2));
  CHECK(stats::t975(1) == 12.706);
  CHECK(stats::t975(1000) == doctest::Approx(1.962).epsilon(1e-3));
}

TEST_CASE("kept runs stream into the staging directory under runs/NNNN/, none held in memory") {
  const Scenario sc = noisy_flagship();
  test::TempDir tmp;
  ResultDir out(tmp / "ens", false);
  EnsembleOptions opt;
  opt.runs = 3;
  opt.ticks = 3;
  opt.threads = 2;
  opt.keep_runs = &out;
  const EnsembleResult r = run_ensemble(sc, opt);
  REQUIRE(r.run_files.size() == 3);
  const auto staged = [&](const std::string& name) { return test::read_text(out.staging() / name); };
  CHECK(staged("runs/0001/states.csv").rfind("tick,date,state,power", 0) == 0);
  CHECK(staged("runs/0000/world.csv") != staged("runs/0001/world.csv"));
  // Replicate k is the run with key (seed, k): the same bytes as an in-memory recorder's.
  RunOptions ro;
  ro.seed = opt.seed;
  ro.run = 2;
  ro.ticks = 3;
  ro.log_events = true;
  CsvRecorder memory(sc, false);
  run_scenario(sc, ro, [&](const TickView& v) { memory.observe(v); });
  const std::vector<ResultFile> expected = memory.files();
  REQUIRE(r.run_files[2].size() == expected.size());
  for (std::size_t f = 0; f < expected.size(); ++f) {
    const FileEntry& e = r.run_files[2][f];
    CAPTURE(e.name);
    CHECK(e.name == "runs/0002/" + expected[f].name);
    CHECK(staged(e.name) == expected[f].bytes);
    CHECK(e.bytes == expected[f].bytes.size());
    CHECK(e.sha256 == sha256_hex(expected[f].bytes));
  }
  // The manifest lists the statistics, then every kept file, replicate by replicate.
  const std::vector<FileEntry> entries = ensemble_entries(ensemble_files(sc, r), r);
  REQUIRE(entries.size() == 4 + 3 * expected.size());
  CHECK(entries[3].name == "replicates.csv");
  CHECK(entries[4].name == "runs/0000/states.csv");
  CHECK(entries.back().name == "runs/0002/" + expected.back().name);
}

TEST_CASE("ensemble files: an undefined statistic is an empty field, never nan or inf") {
  // S1 has no capability: the power ratio S0/S1 is undefined in every replicate.
  Scenario sc = test::make_scenario(3, 1);
  sc.capability0.row(1).setZero();
  EnsembleOptions opt;
  opt.runs = 3;
  opt.ticks = 2;
  opt.threads = 1;
  const std::vector<ResultFile> files = ensemble_files(sc, run_ensemble(sc, opt));
  const std::string dyads = file(files, "ensemble_dyads.csv");
  for (const ResultFile& f : files) {
    CAPTURE(f.name);
    CHECK(f.bytes.find("nan") == std::string::npos);
    CHECK(f.bytes.find("inf") == std::string::npos);
  }
  // tick,a,b,stat,alignment,relation,asymmetry,power_ratio,...: the ratio's field is empty.
  CHECK(dyads.rfind("tick,a,b,stat,alignment,relation,asymmetry,power_ratio,", 0) == 0);
  const std::size_t row = dyads.find("\n0,S0,S1,mean,");
  REQUIRE(row != std::string::npos);
  const std::string line = dyads.substr(row + 1, dyads.find('\n', row + 1) - row - 1);
  std::size_t comma = 0;
  for (int f = 0; f < 7; ++f) comma = line.find(',', comma + 1);  // after asymmetry
  CHECK(line[comma + 1] == ',');
}
