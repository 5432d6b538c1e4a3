#include "svg.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "cartwatch/adapters/text_support.h"

namespace cartwatch::adapters::svg {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// A well-formed UTF-8 sequence that is also an XML character: XML 1.0 (section 2.2, Char)
// excludes the noncharacters U+FFFE and U+FFFF (EF BF BE, EF BF BF), which UTF-8 allows.
std::size_t XmlCharLength(std::string_view text, std::size_t i) noexcept {
  const std::size_t length = text::Utf8SequenceLength(text, i);
  if (length == 3 && text.substr(i, 2) == "\xEF\xBF" &&
      (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
    return 0;
  }
  return length;
}

}  // namespace

void AppendEscaped(std::string& out, std::string_view text) {
  text::AppendUtf8Escaped(
      out, text, kReplacement,
      [&](char c) {
        switch (c) {
          case '&':
            out += "&amp;";
            break;
          case '<':
            out += "&lt;";
            break;
          case '>':
            out += "&gt;";
            break;
          case '"':
            out += "&quot;";
            break;
          case '\'':
            out += "&#39;";
            break;
          case '\t':
          case '\n':
          case '\r':
            out += c;
            break;
          default: {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte == 0x7F) {
              out += kReplacement;
            } else {
              out += c;
            }
          }
        }
      },
      XmlCharLength);
}

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(out, text);
  return out;
}

std::string Coordinate(double value) {
  if (!std::isfinite(value)) return "0";
  const double rounded = std::round(value * 100.0) / 100.0;
  char buffer[32];
  const auto [end, error] = std::to_chars(
      buffer, buffer + sizeof buffer, rounded == 0.0 ? 0.0 : rounded, std::chars_format::fixed, 2);
  if (error != std::errc{}) return "0";
  std::string text(buffer, end);
  // "12.50" -> "12.5", "300.00" -> "300".
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

double LinearScale::operator()(double value) const noexcept {
  if (domain_high == domain_low) return range_low;
  return range_low + (value - domain_low) * (range_high - range_low) / (domain_high - domain_low);
}

std::vector<double> NiceTicks(double low, double high, int max_ticks) {
  std::vector<double> ticks;
  if (!(high > low) || max_ticks < 2) return ticks;
  const double raw = (high - low) / (max_ticks - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude * 10.0;
  for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (magnitude * factor >= raw) {
      step = magnitude * factor;
      break;
    }
  }
  const double first = std::ceil(low / step - 1e-9) * step;
  for (double tick = first; tick <= high + step * 1e-9; tick += step) {
    ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
  }
  return ticks;
}

std::string_view GradeColour(int grade) noexcept {
  // Light to dark, so that grades stay ordered in grey print too.
  static constexpr std::array<std::string_view, 6> kColours = {"#e0f0e3", "#fde68a", "#f59e0b",
                                                               "#dc2626", "#7e22ce", "#111111"};
  return kColours[static_cast<std::size_t>(std::clamp(grade, 0, 5))];
}

Writer::Writer(double width, double height, std::string_view title, std::string_view description) {
  out_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + Coordinate(width) +
          "\" height=\"" + Coordinate(height) + "\" viewBox=\"0 0 " + Coordinate(width) + " " +
          Coordinate(height) + "\" role=\"img\" font-family=\"sans-serif\">\n";
  out_ += "<title>";
  AppendEscaped(out_, title);
  out_ += "</title>\n<desc>";
  AppendEscaped(out_, description);
  out_ += "</desc>\n";
}

void Writer::AppendStyle(const Style& style) {
  out_ += " fill=\"";
  AppendEscaped(out_, style.fill);
  out_ += "\" stroke=\"";
  AppendEscaped(out_, style.stroke);
  out_ += "\"";
  if (style.stroke != "none") out_ += " stroke-width=\"" + Coordinate(style.stroke_width) + "\"";
  if (!style.dash.empty()) {
    out_ += " stroke-dasharray=\"";
    AppendEscaped(out_, style.dash);
    out_ += "\"";
  }
  if (style.opacity < 1.0) out_ += " opacity=\"" + Coordinate(style.opacity) + "\"";
}

void Writer::AppendTooltip(std::string_view tooltip, std::string_view element) {
  if (tooltip.empty()) {
    out_ += "/>\n";
    return;
  }
  out_ += "><title>";
  AppendEscaped(out_, tooltip);
  out_ += "</title></";
  out_ += element;
  out_ += ">\n";
}

void Writer::Rect(double x, double y, double width, double height, const Style& style,
                  std::string_view tooltip) {
  out_ += "<rect x=\"" + Coordinate(x) + "\" y=\"" + Coordinate(y) + "\" width=\"" +
          Coordinate(std::max(0.0, width)) + "\" height=\"" + Coordinate(std::max(0.0, height)) +
          "\"";
  AppendStyle(style);
  AppendTooltip(tooltip, "rect");
}

void Writer::Line(double x1, double y1, double x2, double y2, const Style& style) {
  out_ += "<line x1=\"" + Coordinate(x1) + "\" y1=\"" + Coordinate(y1) + "\" x2=\"" +
          Coordinate(x2) + "\" y2=\"" + Coordinate(y2) + "\"";
  AppendStyle(style);
  out_ += "/>\n";
}

void Writer::Polyline(const std::vector<std::pair<double, double>>& points, const Style& style) {
  if (points.empty()) return;
  out_ += "<polyline points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out_ += ' ';
    out_ += Coordinate(points[i].first) + "," + Coordinate(points[i].second);
  }
  out_ += "\"";
  AppendStyle(style);
  out_ += "/>\n";
}

void Writer::Circle(double cx, double cy, double r, const Style& style, std::string_view tooltip) {
  out_ += "<circle cx=\"" + Coordinate(cx) + "\" cy=\"" + Coordinate(cy) + "\" r=\"" +
          Coordinate(r) + "\"";
  AppendStyle(style);
  AppendTooltip(tooltip, "circle");
}

void Writer::Polygon(const std::vector<std::pair<double, double>>& points, const Style& style,
                     std::string_view tooltip) {
  out_ += "<polygon points=\"";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out_ += ' ';
    out_ += Coordinate(points[i].first) + "," + Coordinate(points[i].second);
  }
  out_ += "\"";
  AppendStyle(style);
  AppendTooltip(tooltip, "polygon");
}

void Writer::Text(double x, double y, std::string_view text, double size, std::string_view anchor,
                  std::string_view fill, bool bold, double rotate) {
  out_ += "<text x=\"" + Coordinate(x) + "\" y=\"" + Coordinate(y) + "\" font-size=\"" +
          Coordinate(size) + "\" fill=\"";
  AppendEscaped(out_, fill);
  out_ += "\"";
  if (anchor != "start") {
    out_ += " text-anchor=\"";
    AppendEscaped(out_, anchor);
    out_ += "\"";
  }
  if (bold) out_ += " font-weight=\"bold\"";
  if (rotate != 0.0) {
    out_ += " transform=\"rotate(" + Coordinate(rotate) + " " + Coordinate(x) + " " +
            Coordinate(y) + ")\"";
  }
  out_ += ">";
  AppendEscaped(out_, text);
  out_ += "</text>\n";
}

void Writer::OpenGroup(std::string_view label) {
  out_ += "<g aria-label=\"";
  AppendEscaped(out_, label);
  out_ += "\">\n";
}

std::string Writer::Finish() {
  out_ += "</svg>\n";
  return std::move(out_);
}

std::string Standalone(std::string_view svg_element) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += svg_element;
  return out;
}

}  // namespace cartwatch::adapters::svg
