"""The benchmark suite: mediagraph, Hive Gateway and the direct upstream side by side."""
