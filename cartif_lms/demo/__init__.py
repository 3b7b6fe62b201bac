"""Made-up people and their activity, for a developer's machine and for load tests; never
real data, and ``lms demo`` refuses to run with ``LMS_ENV=production``.

- :mod:`.accounts`: the demo accounts, one for every role, in all eleven countries;
- :mod:`.journeys`: what those people have done, through the services a learner's requests
  call (``lms demo``);
- :mod:`.synthetic`: thousands of generated learners with designations, completions and
  evidence, the same for the same seed (``lms demo --learners N``, ``bench/capacity_bench.py``);
- :mod:`.answers`: a simulated learner's answers to a quiz attempt (demo data, benchmarks and
  tests).
"""
