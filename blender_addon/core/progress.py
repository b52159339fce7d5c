"""Progress and timing for long batch jobs: "shot n of N, elapsed, ETA", and where time went."""

import time
from contextlib import contextmanager


def clock_text(seconds):
    """``75.4`` -> ``"1:15"``; hours when needed (``"1:02:03"``)."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts items of a job and estimates the time left from the ones actually done.

    Items skipped (already rendered by an earlier run) count towards n but not
    towards the rate, so a resumed run does not promise an absurdly short ETA.
    """

    def __init__(self, total, noun="shot", clock=time.monotonic):
        self.total = total
        self.noun = noun
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.skipped = 0
        self._work_s = 0.0

    def skip(self):
        self.skipped += 1

    def finish(self, seconds):
        """Record one item done, which took ``seconds``."""
        self.done += 1
        self._work_s += seconds

    @property
    def position(self):
        return self.done + self.skipped

    def eta_s(self):
        """Seconds left, or ``None`` before the first item gives a rate."""
        if not self.done:
            return None
        return self._work_s / self.done * (self.total - self.position)

    def line(self, label=""):
        eta = self.eta_s()
        text = (
            f"{self.noun} {self.position} of {self.total}"
            f", elapsed {clock_text(self.clock() - self.started)}"
            f", ETA {'?' if eta is None else clock_text(eta)}"
        )
        return f"{text}  {label}" if label else text


class StageTimer:
    """Wall time per pipeline stage (plan, build, render, post), summed over repeats."""

    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.seconds = {}

    @contextmanager
    def stage(self, name):
        start = self.clock()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + self.clock() - start

    def report(self):
        """``"plan 0.01 s (0%), build 1.20 s (10%), ..."`` in the order stages first ran."""
        total = sum(self.seconds.values()) or 1.0
        parts = [f"{n} {s:.2f} s ({100 * s / total:.0f}%)" for n, s in self.seconds.items()]
        return f"time: {', '.join(parts)}; total {sum(self.seconds.values()):.2f} s"
