"""Reading and validation: the exact CSV reader and checks, and the column-wise fast path for clean data."""
