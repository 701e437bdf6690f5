## ovsdb/ovsdb.mk: filled in by its area
