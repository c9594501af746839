try:
    from planner.cli import main
except KeyboardInterrupt:  # Ctrl-C while the planner is still loading: stop quietly
    raise SystemExit(130) from None

raise SystemExit(main())
