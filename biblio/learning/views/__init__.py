"""Pages of the learning app, one module per area; each view parses, calls one service or
selector, and renders."""
