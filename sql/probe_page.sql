-- Does this one page parse as a response page? Used only to find the bad page of a partition.
select 1 from read_json($file, columns = {'orders': 'JSON[]'}, maximum_object_size = 268435456)
