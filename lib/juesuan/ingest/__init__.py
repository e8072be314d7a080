"""Turn disclosure texts into the curated tables (see `juesuan.schema`)."""
