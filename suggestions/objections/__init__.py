"""이의신청: the proposer objects to a published answer version; the department answers on its clock."""
