## src/hsflowd.mk: filled in by its area
