"""The vocabulary and the claim model: entity and relation types, statuses, columns (``schema/``),
claims, links and evidence filters, names and dates."""
