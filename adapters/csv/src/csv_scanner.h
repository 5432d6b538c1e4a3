// Splits CSV text from a stream into records of fields (RFC 4180), reading large chunks so that a
// file of millions of rows costs no allocation per row: fields are views into the chunk buffer,
// unquoted in place. Internal to the CSV adapter.
#ifndef CARTWATCH_ADAPTERS_CSV_SRC_CSV_SCANNER_H_
#define CARTWATCH_ADAPTERS_CSV_SRC_CSV_SCANNER_H_

#include <cstddef>
#include <cstdint>
#include <istream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cartwatch::adapters::csv {

class CsvScanner {
 public:
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{1} << 20;  // 1 MiB
  // A record longer than this (a missing closing quote, a binary file) is refused, so a bad file
  // cannot make the buffer grow without bound.
  static constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{1} << 20;

  explicit CsvScanner(std::istream& input, std::size_t chunk_bytes = kDefaultChunkBytes,
                      std::size_t max_record_bytes = kDefaultMaxRecordBytes);

  enum class Status {
    kRecord,     // fields() holds the next record
    kMalformed,  // the record at line() breaks the format (problem() says how); it is skipped
    kEnd,        // no more input
  };

  // Moves to the next record. A UTF-8 byte order mark at the very start is skipped, a record may
  // end in CRLF or LF (or at the end of input), and blank lines are skipped.
  Status Next();

  // The fields of the last record; valid until the next call to Next().
  std::span<const std::string_view> fields() const noexcept { return fields_; }
  // The 1-based line on which the last record (or malformed record) starts.
  std::uint64_t line() const noexcept { return line_; }
  std::string_view problem() const noexcept { return problem_; }
  std::uint64_t bytes_consumed() const noexcept { return bytes_before_buffer_ + pos_; }
  std::uint64_t bytes_read() const noexcept { return bytes_before_buffer_ + end_; }

 private:
  // Reads more input behind the unconsumed bytes; false when none came.
  bool Refill();
  // Finds the end of the record starting at pos_: the index of its '\n' (or end_ at the end of
  // input). False when more input is needed first; sets problem_ when the record is malformed.
  bool FindRecordEnd(std::size_t& newline, bool& quoted, std::uint64_t& newlines_inside);
  void SplitPlain(std::size_t begin, std::size_t end);
  bool SplitQuoted(std::size_t begin, std::size_t end);
  Status Malformed(std::size_t resume_at, std::string problem);

  std::istream& input_;
  std::size_t chunk_bytes_;
  std::size_t max_record_bytes_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;  // first unconsumed byte
  std::size_t end_ = 0;  // end of the bytes read
  std::uint64_t bytes_before_buffer_ = 0;
  bool eof_ = false;
  bool started_ = false;
  std::uint64_t next_line_ = 1;
  std::uint64_t line_ = 0;
  std::vector<std::string_view> fields_;
  std::string problem_;
};

}  // namespace cartwatch::adapters::csv

#endif  // CARTWATCH_ADAPTERS_CSV_SRC_CSV_SCANNER_H_
