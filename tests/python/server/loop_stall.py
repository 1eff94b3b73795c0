"""How long the event loop stops while some work runs: the measure of the server tests that
say a route or a child process does not hold the loop up."""
import asyncio
import time


async def longest_stall(work) -> tuple[float, object]:
    """The longest time the event loop did not run while `work` ran, and its result."""
    stalls = [0.0]
    running = True

    async def tick():
        while running:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            stalls.append(time.perf_counter() - before - 0.005)

    ticker = asyncio.ensure_future(tick())
    await asyncio.sleep(0.02)
    try:
        result = await work
    finally:
        running = False
        await ticker
    return max(stalls), result

