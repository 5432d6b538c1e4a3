// Small SVG building blocks shared by the timeline chart and the cohort report: an element writer
// that escapes every text and attribute, linear scales, tick positions and the grade colours.
// Output is plain SVG 1.1 with no script, no external reference and no CSS beyond presentation
// attributes, so a chart opens offline and is safe to embed in an HTML page.
#ifndef CARTWATCH_ADAPTERS_REPORT_SVG_H_
#define CARTWATCH_ADAPTERS_REPORT_SVG_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cartwatch::adapters::svg {

// `text` escaped for XML character data and attribute values (& < > " '). Invalid UTF-8 and the
// control characters XML 1.0 forbids are replaced by U+FFFD, so any input gives well-formed XML.
std::string Escape(std::string_view text);
void AppendEscaped(std::string& out, std::string_view text);

// A coordinate or length with at most two decimals ("12.5", "300").
std::string Coordinate(double value);

// Maps [domain_low, domain_high] linearly onto [range_low, range_high] (range may be reversed).
struct LinearScale {
  double domain_low = 0.0;
  double domain_high = 1.0;
  double range_low = 0.0;
  double range_high = 1.0;
  double operator()(double value) const noexcept;
};

// Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten, at most
// `max_ticks` of them. Empty when high <= low.
std::vector<double> NiceTicks(double low, double high, int max_ticks);

// Fill colour of a grade band, 0..5 (colour-blind-safe sequence; grade 5 = death is black).
std::string_view GradeColour(int grade) noexcept;

struct Style {
  std::string_view fill = "none";
  std::string_view stroke = "none";
  double stroke_width = 1.0;
  std::string_view dash;  // stroke-dasharray, e.g. "4 3"
  double opacity = 1.0;

  static Style Filled(std::string_view fill, std::string_view stroke = "none") {
    Style style;
    style.fill = fill;
    style.stroke = stroke;
    return style;
  }
  static Style Stroked(std::string_view stroke, double width = 1.0, std::string_view dash = {}) {
    Style style;
    style.stroke = stroke;
    style.stroke_width = width;
    style.dash = dash;
    return style;
  }
};

// Writes SVG elements into a string. Every text and attribute value passes through Escape.
class Writer {
 public:
  // Opens <svg> with a viewBox of width x height, then its <title> and <desc> (accessible name).
  Writer(double width, double height, std::string_view title, std::string_view description);

  void Rect(double x, double y, double width, double height, const Style& style,
            std::string_view tooltip = {});
  void Line(double x1, double y1, double x2, double y2, const Style& style);
  void Polyline(const std::vector<std::pair<double, double>>& points, const Style& style);
  void Circle(double cx, double cy, double r, const Style& style, std::string_view tooltip = {});
  // A closed polygon, e.g. a marker.
  void Polygon(const std::vector<std::pair<double, double>>& points, const Style& style,
               std::string_view tooltip = {});
  // anchor: "start", "middle" or "end"; rotate: degrees about (x, y).
  void Text(double x, double y, std::string_view text, double size = 12.0,
            std::string_view anchor = "start", std::string_view fill = "#222", bool bold = false,
            double rotate = 0.0);
  // Raw markup from another Writer or a <defs> block the caller built with Escape.
  void Raw(std::string_view markup) { out_ += markup; }
  void OpenGroup(std::string_view label);  // <g> with an aria-label
  void CloseGroup() { out_ += "</g>\n"; }

  // Closes </svg> and returns the element (no XML declaration: embeddable in HTML).
  std::string Finish();

 private:
  void AppendStyle(const Style& style);
  void AppendTooltip(std::string_view tooltip, std::string_view element);

  std::string out_;
};

// A standalone SVG file: XML declaration, then the element.
std::string Standalone(std::string_view svg_element);

}  // namespace cartwatch::adapters::svg

#endif  // CARTWATCH_ADAPTERS_REPORT_SVG_H_
