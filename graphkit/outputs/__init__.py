"""What readers and analysts get: the reader page, DataFrames, the report and terminal text."""
