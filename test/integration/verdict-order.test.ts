import { everyDefectCaught, verdictsInAnyOrder } from '../support/order-matrix.ts';

// One file, one process: each run holds every system, so there is nothing left to spread over the cores that would pay a second start (see order-matrix.ts).
verdictsInAnyOrder('defects');
verdictsInAnyOrder('variations');
everyDefectCaught();
