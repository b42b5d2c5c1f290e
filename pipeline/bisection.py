"""bisect_left/bisect_right over sorted int lists, compiled with the stages that call them: a
native call costs less than a call through the bisect module's C API."""


def lower_bound(xs: list[int], x: int, lo: int = 0) -> int:
    """bisect.bisect_left(xs, x, lo)."""
    hi = len(xs)
    while lo < hi:
        mid = (lo + hi) >> 1
        if xs[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def upper_bound(xs: list[int], x: int, lo: int = 0) -> int:
    """bisect.bisect_right(xs, x, lo)."""
    hi = len(xs)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < xs[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo
