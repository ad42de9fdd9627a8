"""Run every area's benchmark in turn; each writes its own section of bench/RESULTS.md."""
from importlib import import_module

BENCHES = ["requests", "colabs", "certification", "matching", "research", "search", "mail", "challenges", "impact"]


def main():
    for name in BENCHES:
        print(f"== bench.{name}", flush=True)
        import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main()
