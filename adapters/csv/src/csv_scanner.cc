#include "csv_scanner.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace cartwatch::adapters::csv {

namespace {
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}  // namespace

CsvScanner::CsvScanner(std::istream& input, std::size_t chunk_bytes, std::size_t max_record_bytes)
    : input_(input), chunk_bytes_(chunk_bytes), max_record_bytes_(max_record_bytes) {
  // Room for a whole chunk behind the longest record kept from the previous one.
  buffer_.resize(chunk_bytes_ + max_record_bytes_);
  fields_.reserve(64);
}

bool CsvScanner::Refill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
    bytes_before_buffer_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  // After compaction at most a partial record is kept, so a whole chunk always fits.
  const std::size_t wanted = std::min(chunk_bytes_, buffer_.size() - end_);
  input_.read(buffer_.data() + end_, static_cast<std::streamsize>(wanted));
  const auto count = static_cast<std::size_t>(input_.gcount());
  end_ += count;
  // istream::read blocks until it has `wanted` bytes or the input ends (or fails).
  if (count < wanted || !input_.good()) eof_ = true;
  return count > 0;
}

bool CsvScanner::FindRecordEnd(std::size_t& newline, bool& quoted, std::uint64_t& newlines_inside) {
  const char* data = buffer_.data();
  const char* begin = data + pos_;
  const char* stop = data + end_;
  const auto* found = static_cast<const char*>(std::memchr(begin, '\n', stop - begin));
  const char* line_end = found != nullptr ? found : stop;
  newlines_inside = 0;
  if (std::memchr(begin, '"', line_end - begin) == nullptr) {
    quoted = false;
    if (found != nullptr) {
      newline = static_cast<std::size_t>(found - data);
      return true;
    }
    newline = end_;
    return eof_;
  }
  // A quoted field may hold line breaks (RFC 4180): find the first newline outside quotes. A
  // quote opens a quoted field only at the start of a field; elsewhere it is an error that
  // SplitQuoted reports, and it must not swallow the lines after it.
  quoted = true;
  bool in_quotes = false;
  bool field_start = true;
  for (const char* p = begin; p < stop; ++p) {
    const char c = *p;
    if (in_quotes) {
      if (c == '"') {
        if (p + 1 == stop && !eof_) return false;  // "" or a closing quote: the next byte tells
        if (p + 1 < stop && p[1] == '"') {
          ++p;
        } else {
          in_quotes = false;
        }
      } else if (c == '\n') {
        ++newlines_inside;
      }
      continue;
    }
    if (c == '\n') {
      newline = static_cast<std::size_t>(p - data);
      return true;
    }
    if (c == ',') {
      field_start = true;
      continue;
    }
    if (c == '"' && field_start) in_quotes = true;
    field_start = false;
  }
  newline = end_;
  return eof_;  // an unclosed quote at the end of input is found by SplitQuoted
}

void CsvScanner::SplitPlain(std::size_t begin, std::size_t end) {
  fields_.clear();
  const char* p = buffer_.data() + begin;
  const char* e = buffer_.data() + end;
  const char* field = p;
  for (; p < e; ++p) {
    if (*p == ',') {
      fields_.emplace_back(field, static_cast<std::size_t>(p - field));
      field = p + 1;
    }
  }
  fields_.emplace_back(field, static_cast<std::size_t>(e - field));
}

// NOLINTNEXTLINE(readability-function-size): quoted-field scan, nesting 6
bool CsvScanner::SplitQuoted(std::size_t begin, std::size_t end) {
  fields_.clear();
  char* p = buffer_.data() + begin;
  char* e = buffer_.data() + end;
  while (true) {
    if (p < e && *p == '"') {
      // Unquoted in place: the text only shrinks, so the write position never passes the read.
      char* out = p;
      char* const start = out;
      ++p;
      while (true) {
        if (p >= e) {
          problem_ = "a quoted field is not closed (a missing closing quote)";
          return false;
        }
        if (*p == '"') {
          if (p + 1 < e && p[1] == '"') {
            *out++ = '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        *out++ = *p++;
      }
      fields_.emplace_back(start, static_cast<std::size_t>(out - start));
      if (p == e) return true;
      if (*p != ',') {
        problem_ =
            "text after the closing quote of a field (a quote inside a quoted field is "
            "written as two quotes)";
        return false;
      }
      ++p;
      continue;
    }
    char* q = p;
    for (; q < e && *q != ','; ++q) {
      if (*q == '"') {
        problem_ = "a quote inside an unquoted field (quote the whole field and double the quote)";
        return false;
      }
    }
    fields_.emplace_back(p, static_cast<std::size_t>(q - p));
    if (q == e) return true;
    p = q + 1;
  }
}

CsvScanner::Status CsvScanner::Malformed(std::size_t resume_at, std::string problem) {
  problem_ = std::move(problem);
  pos_ = resume_at;
  fields_.clear();
  return Status::kMalformed;
}

// NOLINTNEXTLINE(readability-function-size): one CSV state machine, nesting 6
CsvScanner::Status CsvScanner::Next() {
  if (!started_) {
    started_ = true;
    while (end_ < kUtf8Bom.size() && Refill()) {
    }
    if (std::string_view(buffer_.data(), end_).starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
  }
  while (true) {
    if (pos_ == end_ && !Refill()) return Status::kEnd;
    std::size_t newline = 0;
    bool quoted = false;
    std::uint64_t newlines_inside = 0;
    if (!FindRecordEnd(newline, quoted, newlines_inside)) {
      if (end_ - pos_ >= max_record_bytes_) {
        // Refuse the record and go on after its first line break.
        line_ = next_line_++;
        while (true) {
          const char* data = buffer_.data();
          const auto* found = static_cast<const char*>(std::memchr(data + pos_, '\n', end_ - pos_));
          if (found != nullptr) {
            return Malformed(static_cast<std::size_t>(found - data) + 1,
                             "a record longer than " + std::to_string(max_record_bytes_) +
                                 " bytes (a quote not closed, or not a CSV file)");
          }
          pos_ = end_;
          if (!Refill()) {
            return Malformed(end_, "a record longer than " + std::to_string(max_record_bytes_) +
                                       " bytes (a quote not closed, or not a CSV file)");
          }
        }
      }
      Refill();
      continue;
    }
    line_ = next_line_;
    next_line_ += 1 + newlines_inside;
    const std::size_t resume = newline < end_ ? newline + 1 : end_;
    std::size_t record_end = newline;
    if (record_end > pos_ && buffer_[record_end - 1] == '\r') --record_end;
    if (record_end == pos_) {  // a blank line
      pos_ = resume;
      continue;
    }
    if (!quoted) {
      SplitPlain(pos_, record_end);
    } else if (!SplitQuoted(pos_, record_end)) {
      std::string problem = std::move(problem_);
      return Malformed(resume, std::move(problem));
    }
    pos_ = resume;
    return Status::kRecord;
  }
}

}  // namespace cartwatch::adapters::csv
