from gt_tui.cli import main

raise SystemExit(main())
