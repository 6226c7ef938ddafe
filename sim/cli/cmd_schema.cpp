// `bpsim schema`: the JSON Schema of scenario files (sim/io/schema.hpp), or with
// --markdown ODD Section 8's parameter and trait tables, from the descriptors.
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
  bool force = false;
};

int run_schema(const SchemaArgs& args) {
  const std::string text = args.markdown
                               ? trait_table_markdown() + "\n" + parameter_table_markdown()
                               : scenario_schema().dump(2) + "\n";
  return write_text_output("schema", args.output, text, args.force);
}

}  // namespace

void register_schema(CLI::App& app, int& status) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schema", "Write the JSON Schema of scenario files (for editors), from the descriptors");
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  cmd->add_flag("--force", args->force, "Overwrite the output file if it exists");
  cmd->add_flag("--markdown", args->markdown,
                "Write docs/ODD.md Section 8's trait and parameter tables instead");
  cmd->footer(
      "Example:\n  bpsim schema -o scenario.schema.json\n"
      "  then start a scenario file with\n"
      "  # yaml-language-server: $schema=../scenario.schema.json");
  cmd->callback([args, &status] { status = run_guarded([&] { return run_schema(*args); }); });
}

}  // namespace bpsim::cli
