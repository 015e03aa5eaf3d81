import { verdictsInAnyOrder } from '../support/order-matrix.ts';

// Two systems a file, two files: node's runner spreads them over the cores, and each process starts once (see order-matrix.ts).
verdictsInAnyOrder('acumatica');
verdictsInAnyOrder('flexi');
