/* Entry of the uart-echo client: VOF calls _start with r5 = client-interface entry. */
	.section .note.GNU-stack,"",@progbits
	.section .text.start,"ax"
	.globl _start
_start:
	lis	1,stack_top@ha
	lwz	1,stack_top@l(1)
	li	0,0
	stwu	0,-16(1)
	mr	3,5		/* ofmain(client-interface entry) */
	bl	ofmain
1:	b	1b

/* u32 of_call(void *args, u32 entry): call the client-interface entry (r3 = args). */
	.text
	.globl of_call
of_call:
	mflr	0
	stwu	1,-16(1)
	stw	0,20(1)
	mtctr	4
	bctrl
	lwz	0,20(1)
	mtlr	0
	addi	1,1,16
	blr
