import gc

# Start-up makes many objects and little garbage: the collector, which would
# walk them all several times, waits until tracing has started (cli_run).
gc.disable()

from .cli import command  # noqa: E402

command()
