"""The head-teacher corps (001 三至十): what a school's 德育处 and a county bureau keep about every head
teacher. Its first part is the region's corps policy, the numbers 001 sets (the trainee year, the
certificates' validity, the training cycle, the gates), which every later part reads.
"""
