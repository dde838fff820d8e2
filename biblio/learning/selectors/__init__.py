"""Reads for pages and the API: aggregated in the database, a constant number of queries."""
