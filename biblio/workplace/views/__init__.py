"""Pages of the workplace app: thin — parse, call one service or selector, render."""
