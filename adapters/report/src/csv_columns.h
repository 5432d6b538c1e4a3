// A CSV view as one table of columns: each column is its header name and the function that writes
// its cell from a row. The header and every row are read from the same table, so a column cannot be
// added to one and forgotten in the other. Quoting stays with the writer.
#ifndef CARTWATCH_ADAPTERS_REPORT_CSV_COLUMNS_H_
#define CARTWATCH_ADAPTERS_REPORT_CSV_COLUMNS_H_

#include <functional>
#include <string>
#include <vector>

namespace cartwatch::adapters::csv_columns {

template <typename Row>
struct Column {
  std::string name;
  std::function<std::string(const Row&)> cell;
};

template <typename Row>
using Columns = std::vector<Column<Row>>;

// The header: one name per column, in table order.
template <typename Row>
std::vector<std::string> Header(const Columns<Row>& columns) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const Column<Row>& column : columns) names.push_back(column.name);
  return names;
}

// One row: one cell per column, in table order.
template <typename Row>
std::vector<std::string> Cells(const Columns<Row>& columns, const Row& row) {
  std::vector<std::string> cells;
  cells.reserve(columns.size());
  for (const Column<Row>& column : columns) cells.push_back(column.cell(row));
  return cells;
}

}  // namespace cartwatch::adapters::csv_columns

#endif  // CARTWATCH_ADAPTERS_REPORT_CSV_COLUMNS_H_
