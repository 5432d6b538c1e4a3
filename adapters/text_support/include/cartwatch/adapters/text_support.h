// Text helpers shared by the adapters, so that a received value is echoed, a line is escaped and
// a CSV cell is quoted the same way in every format. Internal to the adapters (no core type, no
// third-party header); the core has its own number text (core/number_text.h).
#ifndef CARTWATCH_ADAPTERS_TEXT_SUPPORT_H_
#define CARTWATCH_ADAPTERS_TEXT_SUPPORT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace cartwatch::adapters::text {

// Length of the well-formed UTF-8 sequence that starts at `text[i]` (1 for ASCII, 2 to 4
// otherwise), or 0 when the bytes there are not one: a stray continuation byte, an overlong
// form, a surrogate, a code point above U+10FFFF or a sequence cut by the end of `text`
// (RFC 3629, section 4). Requires i < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) noexcept;

// True when all of `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text) noexcept;

// Appends `text` for an output format that must stay well-formed whatever a record held: each
// multi-byte sequence that `sequence_length` accepts (by default every well-formed UTF-8
// sequence; a format with stricter rules passes its own, e.g. XML refusing U+FFFE) is copied
// unchanged, each other byte from 0x80 up is replaced by `replacement` (the format's spelling of
// U+FFFD), and each ASCII byte is handed to `ascii(c)`, which appends it with the format's own
// escaping.
template <typename AsciiEscape>
void AppendUtf8Escaped(std::string& out, std::string_view text, std::string_view replacement,
                       AsciiEscape&& ascii,
                       std::size_t (*sequence_length)(std::string_view,
                                                      std::size_t) noexcept = Utf8SequenceLength) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ascii(text[i]);
      ++i;
      continue;
    }
    const std::size_t length = sequence_length(text, i);
    if (length == 0) {
      out += replacement;
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
}

// Received values are echoed in error messages; a huge value pasted into a field is cut to this
// many bytes.
inline constexpr std::size_t kMaxEchoBytes = 80;

// `text` as an error echoes it: unchanged up to kMaxEchoBytes bytes; longer, cut there (backed
// up to the start of a character, never inside a UTF-8 sequence) and ended with "...".
std::string EchoText(std::string_view text);

// EchoText in double quotes, for a received text inside a message: unknown drug "toci".
std::string QuotedEcho(std::string_view text);

// Appends `text` as plain one-line text for a line-oriented layout (a terminal, an error line):
// newline, CR and tab written as \n, \r and \t, every other control character (below 0x20, and DEL)
// as '?', so a value can neither break the line nor move the cursor. Other bytes are copied
// unchanged.
void AppendPlain(std::string& out, std::string_view text);
std::string Plain(std::string_view text);

// Appends `text` as one CSV field (RFC 4180, section 2): unchanged unless it holds a comma, a
// double quote, CR or LF; then in double quotes, with each quote doubled.
void AppendCsvCell(std::string& out, std::string_view text);

}  // namespace cartwatch::adapters::text

#endif  // CARTWATCH_ADAPTERS_TEXT_SUPPORT_H_
