import { Table, Text } from '@mantine/core';
import type { CSSProperties, Key, ReactNode } from 'react';

export interface Column<Row> {
  /** The column header: text, or an element such as a visually hidden "Actions". */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  style?: CSSProperties;
}

interface DataTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  columns: Column<Row>[];
  /** Undefined while loading: with `empty` nothing shows, without it an empty table. */
  rows: Row[] | undefined;
  rowKey: (row: Row) => Key;
  /** Said instead of the table when there is no row (the table shows only with rows then). */
  empty?: string;
  /** Wide tables scroll sideways (keyboard-focusable) below this width instead of squeezing. */
  minWidth?: number;
}

/** A Mantine table of rows with one cell per column: the console's lists of members, webhooks, platforms, sessions and products. */
export function DataTable<Row>({ label, columns, rows, rowKey, empty, minWidth }: DataTableProps<Row>) {
  if (empty !== undefined && rows?.length === 0) return <Text>{empty}</Text>;
  if (empty !== undefined && !rows?.length) return null;
  const table = (
    <Table aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => (
            <Table.Th key={index}>{column.header}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows?.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {columns.map((column, index) => (
              <Table.Td key={index} style={column.style}>
                {column.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? (
    table
  ) : (
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0}>
      {table}
    </Table.ScrollContainer>
  );
}
