"""팔로우·대화·반영: followers of a proposal, the private proposer–department thread, and the
반영 (implemented) record with its public page. Models belong to the `suggestions` app."""
