## man/man.mk: filled in by its area
