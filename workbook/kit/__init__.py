"""Running the community: recruitment notice and sign-up questionnaire, 群规 and welcome, newcomers, interests."""
