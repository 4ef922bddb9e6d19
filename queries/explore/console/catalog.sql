-- What the console's dot-commands show: the tables and views of the
-- database (and the session's TEMP ones), and one object's columns.

-- name: Tables
-- .tables: every table with its row count and description.
SELECT
    CASE WHEN temporary THEN table_name || ' (temporary)' ELSE table_name END AS "table",
    estimated_size AS rows,
    coalesce(comment, '') AS description
FROM duckdb_tables()
WHERE NOT internal
ORDER BY temporary, table_name;

-- name: Views
-- .views: every view with its description.
SELECT
    CASE WHEN temporary THEN view_name || ' (temporary)' ELSE view_name END AS "view",
    coalesce(comment, '') AS description
FROM duckdb_views()
WHERE NOT internal
ORDER BY temporary, view_name;

-- name: Object
-- .schema NAME: whether NAME is a table or a view, its description, and
-- whether it is a TEMP one (which hides one of the database of that name).
SELECT kind, name, description, temporary FROM (
    SELECT 'table' AS kind, table_name AS name, coalesce(comment, '') AS description, temporary
    FROM duckdb_tables() WHERE NOT internal
    UNION ALL
    SELECT 'view', view_name, coalesce(comment, ''), temporary
    FROM duckdb_views() WHERE NOT internal
)
WHERE lower(name) = lower($name)
ORDER BY temporary DESC
LIMIT 1;

-- name: Columns
-- .schema NAME: its columns, types and descriptions.
SELECT column_name AS "column", data_type AS type, coalesce(comment, '') AS description
FROM duckdb_columns()
WHERE lower(table_name) = lower($name) AND (database_name = 'temp') = $temporary AND NOT internal
ORDER BY column_index;

-- name: Names
-- Names for tab completion: tables, views and their columns.
SELECT table_name FROM duckdb_tables() WHERE NOT internal
UNION SELECT view_name FROM duckdb_views() WHERE NOT internal
UNION SELECT column_name FROM duckdb_columns() WHERE NOT internal
ORDER BY 1;
