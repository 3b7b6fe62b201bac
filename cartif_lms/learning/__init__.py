"""The learner's journey: catalogue, pages, completion and progress."""
