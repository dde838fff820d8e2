"""Pages of the recognition app: staff (assessments, issuing), public (verification and what it
relies on), wallet (the learner's certificates). Each view parses, calls one service or selector,
and renders."""
