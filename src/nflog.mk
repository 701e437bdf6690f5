## src/nflog.mk: filled in by its area
