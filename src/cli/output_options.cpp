// Output options and the step that writes a report: --format (html only for the commands with a
// page), --color and the terminal's width, then each format rendered from the report's JSON or
// Document and written to stdout or --output.
#include "common.hpp"

#include <nimcost/base/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace nimcost::cli {

namespace {

bool wants_color(const OutputOptions& options) {
  if (options.color == "never") return false;
  if (options.color == "always") return true;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return options.output.empty() && isatty(fileno(stdout)) != 0;
}

}  // namespace

// A terminal's width (COLUMNS, else the terminal's own, else 100) with cells fitted to it; in a pipe or
// a file nothing is cut (an ID shortened there would be wrong data), and prose wraps at COLUMNS or 100.
TableStyle table_style(const OutputOptions& options) {
  TableStyle style;
  style.color = wants_color(options);
  const bool terminal = (options.output.empty() || options.output == "-") && isatty(fileno(stdout)) != 0;
  style.clip_cells = terminal;
  std::size_t width = 0;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && columns[0] != '\0') {
    width = static_cast<std::size_t>(std::strtoul(columns, nullptr, 10));
  }
  struct winsize size {};
  if (width == 0 && terminal && ioctl(fileno(stdout), TIOCGWINSZ, &size) == 0) width = size.ws_col;
  style.width = width >= 40 && width <= 1000 ? width : 100;
  return style;
}

// The commands whose reports a reader outside the terminal gets as a page: a verdict, tables and
// pictures worth handing on. One list, so the flag's help, its check and the man page agree.
bool has_html_page(const std::string& command) {
  for (const char* name : {"crossover", "compare", "run", "diff", "simulate", "attribute", "plan"}) {
    if (command == name) return true;
  }
  return false;
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  options.html = has_html_page(app.get_name());
  app.add_option("--format", options.format,
                 options.html ? "Output format: table, json, csv, markdown or html (one self-contained page)"
                              : "Output format: table, json, csv or markdown")
      ->type_name("FORMAT")
      ->default_str("table");
  app.add_option("-o,--output", options.output, "Write the report to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  app.add_option("--color", options.color, "Colour: auto (terminal only, never with NO_COLOR), always, never")
      ->type_name("WHEN")
      ->default_str("auto");
  add_price_age_flags(app, options.age);
}

Format parse_format(const std::string& text) {
  if (text == "table") return Format::table;
  if (text == "json") return Format::json;
  if (text == "csv") return Format::csv;
  if (text == "markdown" || text == "md") return Format::markdown;
  if (text == "html") return Format::html;
  // Reached unchecked only by commands without a page (check_output_options words it for the others).
  throw usage_error(fmt::format("--format must be table, json, csv or markdown, got '{}'", text));
}

void check_output_options(const OutputOptions& options) {
  const char* formats = options.html ? "table, json, csv, markdown or html" : "table, json, csv or markdown";
  Format format = Format::table;
  try {
    format = parse_format(options.format);
  } catch (const Error&) {  // the formats this command takes, not every renderer's
    throw usage_error(fmt::format("--format must be {}, got '{}'", formats, options.format));
  }
  if (format == Format::html && !options.html) {
    throw usage_error("--format html is for crossover, compare, run, diff, simulate, attribute and plan");
  }
  if (options.color != "auto" && options.color != "always" && options.color != "never") {
    throw usage_error(fmt::format("--color must be auto, always or never, got '{}'", options.color));
  }
}

void emit(const OutputOptions& options, const CatalogOptions& inputs, const std::function<nlohmann::ordered_json()>& json,
          const std::function<Document()>& document, const std::function<std::string()>& markdown,
          const std::function<std::vector<std::string>()>& pictures) {
  check_output_options(options);
  const Format format = parse_format(options.format);
  // Every format says how old the prices are: the JSON (which holds every figure used) is built for it.
  nlohmann::ordered_json report = json();
  const auto stale = stamp_price_age(report, options.age);
  const auto with_age = [&] {
    Document d = document();
    if (stale) d.warnings.push_back(*stale);
    return d;
  };
  std::string text;
  switch (format) {
    case Format::json: text = render_json(report); break;
    case Format::csv: text = render_csv(with_age()); break;
    case Format::markdown: text = markdown ? markdown() : render_markdown(with_age()); break;
    case Format::table: text = render_table(with_age(), table_style(options)); break;
    case Format::html: text = render_html(with_age(), report, pictures ? pictures() : std::vector<std::string>{}); break;
  }
  if (options.output.empty() || options.output == "-") {
    // A closed or full stdout must not pass for a written report.
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
      throw output_error(fmt::format("cannot write the report to stdout: {}", std::strerror(errno)));
    }
    return;
  }
  write_file(options.output, text, inputs);
}

}  // namespace nimcost::cli
