"""POST-CSO (서대문서): 현장진단 with a CPTED checklist and photos, the agency directory, and referrals
whose outcome the agency records through a signed one-time link (no account)."""
