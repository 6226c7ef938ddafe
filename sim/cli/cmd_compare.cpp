// `bpsim compare BASE.yaml ALT.yaml [ALT2.yaml ...] --runs N [--outcome SPEC]...`
#include "analysis/outcomes.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/drivers/compare.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/results/manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>

namespace bpsim::cli {

namespace {

// Refuses, before anything runs, a comparison that would not fit the memory budget.
void check_compare_memory(const std::vector<Scenario>& scenarios, const CompareOptions& opt) {
  std::vector<RunSizes> sizes;
  int ticks = opt.ticks;
  for (const Scenario& sc : scenarios) {
    sizes.push_back(run_sizes(sc));
    if (opt.ticks < 0) ticks = std::max(ticks, sc.ticks);
  }
  const std::size_t outcomes = opt.outcomes.empty() ? default_outcomes(scenarios[0]).size() : opt.outcomes.size();
  const CompareSizes c{static_cast<std::uint64_t>(opt.runs), static_cast<std::uint64_t>(resolve_threads(opt.threads)),
                       static_cast<std::uint64_t>(ticks), outcomes};
  const std::string p = memory_problem(
      compare_memory_estimate(sizes, c),
      fmt::format("a comparison of {} scenarios x {} runs x {} ticks", scenarios.size(), opt.runs, ticks));
  if (!p.empty()) throw UsageError(p);
}

namespace fs = std::filesystem;

struct CompareArgs {
  std::vector<std::string> files;
  std::string out;
  int runs = 50, threads = 0, ticks = -1, branch_at = -1;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::vector<std::string> outcomes, sets, set_for;
  bool force = false, quiet = false;
};

// Each scenario's --set list with its --set-for entries (the names they match are the
// scenarios' own, loaded with the global --set only).
std::vector<std::vector<std::string>> scenario_overrides(const CompareArgs& args) {
  if (args.set_for.empty()) return std::vector<std::vector<std::string>>(args.files.size(), args.sets);
  std::vector<std::string> names;
  for (const std::string& f : args.files) names.push_back(load_with_overrides(f, args.sets).name);
  try {
    return overrides_per_scenario(args.sets, args.set_for, args.files, names);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

int compare(const CompareArgs& args) {
  if (args.files.size() < 2) throw UsageError("compare needs a base scenario and at least one alternative");
  std::vector<Scenario> scenarios;
  std::set<std::string> names;
  const std::vector<std::vector<std::string>> sets = scenario_overrides(args);
  for (std::size_t s = 0; s < args.files.size(); ++s) {
    const std::string& f = args.files[s];
    Scenario sc = load_with_overrides(f, sets[s]);
    // Labels must tell the scenarios apart: fall back to the file name on a clash.
    if (sc.name.empty() || !names.insert(sc.name).second) {
      sc.name = f;
      names.insert(f);
    }
    scenarios.push_back(std::move(sc));
  }
  CompareOptions opt;
  opt.runs = args.runs;
  opt.threads = args.threads;
  opt.seed = args.seed_given ? args.seed : scenarios[0].seed;
  opt.ticks = args.ticks;
  opt.branch_at = args.branch_at;
  opt.outcomes = args.outcomes;
  try {
    for (const std::string& o : opt.outcomes) parse_outcome(o);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  check_compare_memory(scenarios, opt);
  ResultDir out(args.out.empty() ? default_output_dir(scenarios[0], args.files[0], "-compare") : fs::path(args.out),
                args.force);
  Manifest manifest =
      start_manifest(scenarios[0], args.files[0], args.sets, opt.seed, opt.ticks >= 0 ? opt.ticks : scenarios[0].ticks);

  ProgressBar bar(!args.quiet, "replicate");
  opt.progress = [&bar](int done, int total) { bar.update(done, total); };
  const auto t0 = std::chrono::steady_clock::now();
  CompareResult r;
  try {
    r = run_compare(scenarios, opt);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  bar.clear();
  manifest.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  manifest.finished = std::chrono::system_clock::now();
  std::vector<ResultFile> files = {{"compare.csv", compare_csv(r)},
                                   {"compare_series.csv", compare_series_csv(r)},
                                   {"scenarios.csv", compare_scenarios_csv(r.scenarios, args.files)}};
  files.push_back(manifest_file(manifest, files));
  fs::path where;
  const int status = save_results(out, files, out.target().filename().string(), where);
  if (!args.quiet) {
    fmt::print("{}", compare_table(r));
    if (!where.empty()) fmt::print("written to {}/compare.csv ({:.2f} s)\n", where.string(), manifest.wall_seconds);
  }
  return status;
}

}  // namespace

void register_compare(CLI::App& app, int& status) {
  auto a = std::make_shared<CompareArgs>();
  CLI::App* cmd =
      app.add_subcommand("compare", "Paired comparison of scenarios over replicates with common random numbers");
  cmd->add_option("FILES", a->files, "Base scenario, then one or more alternatives (YAML)")->required();
  cmd->add_option("--runs", a->runs, "Replicates per scenario")->check(CLI::Range(2, 10000000))->default_val(50);
  cmd->add_option("--outcome", a->outcomes,
                  "Outcome to compare (repeatable): dyad:A:B:METRIC, state:ID:METRIC or world:METRIC,\n"
                  "optionally @last|first|mean|sum|min|max|mean(A:B)|at(T)|first_above(X)|first_below(X)")
      ->type_name("SPEC")
      ->default_str("alignment and power ratio of watched pairs, concentration, blocs");
  cmd->add_option("--branch-at", a->branch_at,
                  "Run the base to tick T once per replicate and continue every alternative from\n"
                  "that World (alternatives must have the base's states and dimensions)")
      ->type_name("T")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", a->threads, "Worker threads (0: all cores); the result is the same for any number")
      ->check(CLI::Range(0, 4096))
      ->default_val(0);
  add_seed_option(*cmd, a->seed, a->seed_given, "Seed shared by every scenario (replicate r uses key (seed, r))",
                  "the base scenario's");
  cmd->add_option("--ticks", a->ticks, "Ticks per run, for every scenario")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->default_str("the base scenario's");
  add_set_option(*cmd, a->sets);
  cmd->add_option("--set-for", a->set_for,
                  "Override a value of one scenario only (repeatable), after the --set ones; ALT is its\n"
                  "file (as given, its name or stem) or its scenario name, e.g. us_wedge:parameters.sigma_a=0.05")
      ->type_name("ALT:PATH=VALUE")
      ->expected(1)
      ->take_all();
  cmd->add_option("-o,--output", a->out, "Result directory; created, must not exist unless --force")
      ->type_name("DIR")
      ->default_str("out/<base name>-compare");
  cmd->add_flag("--force", a->force, "Replace DIR if it exists");
  cmd->add_flag("-q,--quiet", a->quiet, "No progress bar and no table");
  cmd->footer(
      "Every scenario runs the same replicates (seed, r): their random draws are shared stream by\n"
      "stream, so differences come from the scenarios, not from luck. --set applies to every scenario,\n"
      "--set-for ALT:PATH=VALUE to the one named ALT only (an unknown name: exit 2, listing the names).\n"
      "Writes DIR/compare.csv (per outcome and scenario: mean and 95% CI, paired difference to the\n"
      "base and its CI, share of pairs higher, paired and unpaired variances, first tick the 90%\n"
      "bands stop overlapping), DIR/scenarios.csv and DIR/manifest.json.\n"
      "Examples:\n"
      "  bpsim compare scenarios/no_sanctions_2014.yaml scenarios/pivot_to_asia_2014.yaml --runs 100\n"
      "  bpsim compare scenarios/pivot_to_asia_2014.yaml scenarios/us_wedge.yaml \\\n"
      "      --outcome dyad:RUS:CHN:alignment@last --outcome dyad:RUS:CHN:alignment@first_above(0.5)\n"
      "  bpsim compare scenarios/no_sanctions_2014.yaml scenarios/pivot_to_asia_2014.yaml --branch-at 17\n"
      "  bpsim compare scenarios/no_sanctions_2014.yaml scenarios/pivot_to_asia_2014.yaml \\\n"
      "      --set-for pivot_to_asia_2014:parameters.sigma_a=0.05 --outcome world:concentration@sum");
  cmd->callback([a, &status] { status = run_guarded([&] { return compare(*a); }); });
}

}  // namespace bpsim::cli
