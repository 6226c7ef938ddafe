// `bpsim schema`: the JSON Schema of scenario files (sim/io/schema.hpp), or with
// --markdown ODD Section 8's parameter and trait tables, from the descriptors; with
// --sweep the same for sweep files (docs/sweeps.md's key tables).
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/schema.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>

namespace bpsim::cli {
namespace {

struct SchemaArgs {
  std::string output;  // "" = stdout
  bool markdown = false;
  bool sweep = false;
  bool force = false;
};

int run_schema(const SchemaArgs& args) {
  std::string text;
  if (args.sweep) text = args.markdown ? sweep_table_markdown() : sweep_schema().dump(2) + "\n";
  else
    text = args.markdown ? trait_table_markdown() + "\n" + parameter_table_markdown() + "\n" + rule_table_markdown()
                         : scenario_schema().dump(2) + "\n";
  return write_text_output("schema", args.output, text, args.force);
}

}  // namespace

void register_schema(CLI::App& app, int& status) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schema", "Write the JSON Schema of scenario or sweep files (for editors), from the descriptors");
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  cmd->add_flag("--force", args->force, "Overwrite the output file if it exists");
  cmd->add_flag("--markdown", args->markdown,
                "Write the docs' key tables instead (docs/ODD.md Section 8; with --sweep docs/sweeps.md)");
  cmd->add_flag("--sweep", args->sweep, "Sweep files instead of scenario files");
  cmd->footer(
      "Examples:\n  bpsim schema -o scenario.schema.json\n"
      "  bpsim schema --sweep -o sweep.schema.json\n"
      "  then start a scenario (sweep) file with\n"
      "  # yaml-language-server: $schema=../scenario.schema.json");
  cmd->callback([args, &status] { status = run_guarded([&] { return run_schema(*args); }); });
}

}  // namespace bpsim::cli
