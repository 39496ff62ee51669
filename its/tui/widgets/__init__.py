"""One widget per module. Widgets show plain data and post messages; they never call the
tutor or the store."""
